import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { acrRemoteBuild } from './matrix/scenarios/acr-remote-build.ts';

defineFaultMatrix(acrRemoteBuild);
