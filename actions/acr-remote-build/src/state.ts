/** Names under which main saves what the post step needs (core.saveState / core.getState). */
export const STATE = {
  runId: 'acr-run-id',
  /** 'true' once main saw the run end or cancelled it itself. */
  settled: 'acr-run-settled',
} as const;
