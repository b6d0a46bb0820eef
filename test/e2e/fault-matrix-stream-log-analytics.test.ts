import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { streamLogAnalytics } from './matrix/scenarios/stream-log-analytics.ts';

defineFaultMatrix(streamLogAnalytics);
