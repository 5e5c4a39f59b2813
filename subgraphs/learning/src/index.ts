import { runSubgraph } from '@telepulse/platform/run-subgraph';
import manifest from '../subgraph.js';

await runSubgraph(manifest);
