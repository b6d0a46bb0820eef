import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { runJobAndWait } from './matrix/scenarios/run-job-and-wait.ts';

defineFaultMatrix(runJobAndWait);
