import { defineFaultMatrix } from './matrix/run-matrix.ts';
import { changeTicketSummary } from './matrix/scenarios/change-ticket-summary.ts';

defineFaultMatrix(changeTicketSummary);
