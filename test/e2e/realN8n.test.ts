import { portOf } from '../../scripts/n8n/ports';
import { realN8nJourneys } from './realN8nJourneys';

// The n8n version `npm run dev` runs, with the editor screenshots and the example files; the package
// packed as a user packs it, in a fresh clone without a build (about a minute more for its npm ci).
realN8nJourneys({ n8nVersion: '2.41.1', port: portOf(5690), editorAndExamples: true, freshClone: true });
