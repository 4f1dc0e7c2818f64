import { portOf } from '../../scripts/n8n/ports';
import { triggerFrontDoorJourneys } from './triggerFrontDoorJourneys';

triggerFrontDoorJourneys({ n8nVersion: '2.41.1', port: portOf(5820), savesBeforeAnswering: true });
