import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { destroyGuard } from './matrix/scenarios/destroy-guard.ts';

defineFaultMatrix(destroyGuard);
