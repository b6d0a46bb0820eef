/** A job execution (Microsoft.App/jobs/executions, api-version 2025-07-01). */
export interface JobExecution {
  id?: string;
  name: string;
  properties?: {
    /** JobExecutionRunningState: Running, Processing, Stopped, Degraded, Failed, Unknown, Succeeded (modelAsString). */
    status?: string;
    startTime?: string;
    endTime?: string;
    template?: Record<string, unknown>;
  };
}

export interface ExecutionRef {
  subscriptionId: string;
  resourceGroup: string;
  jobName: string;
  executionName: string;
}
