import { portOf } from '../../scripts/n8n/ports';
import { realN8nJourneys } from './realN8nJourneys';

// The last n8n 1.x line. The example files are made for n8n 2.x (Data Table node 1.1).
realN8nJourneys({ n8nVersion: '1.123.81', port: portOf(5691), editorAndExamples: false });
