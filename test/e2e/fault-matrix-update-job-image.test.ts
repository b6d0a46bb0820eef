import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { updateJobImage } from './matrix/scenarios/update-job-image.ts';

defineFaultMatrix(updateJobImage);
