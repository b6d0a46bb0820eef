import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { pgRestorePoint } from './matrix/scenarios/pg-restore-point.ts';

defineFaultMatrix(pgRestorePoint);
