import { portOf } from '../../scripts/n8n/ports';
import { triggerFrontDoorJourneys } from './triggerFrontDoorJourneys';

// n8n 1.x answers a webhook before it saves the execution: no failing-database tests (docs/operating.md, "Once per session").
triggerFrontDoorJourneys({ n8nVersion: '1.123.81', port: portOf(5821), savesBeforeAnswering: false });
