import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { pgRestore } from './matrix/scenarios/pg-restore.ts';

defineFaultMatrix(pgRestore);
