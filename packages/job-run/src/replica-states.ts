import type { RestClient } from '@te-actions/azure-auth';
import { executionPath, LOG_STREAM_API_VERSION, type ExecutionRef } from '@te-actions/container-jobs';

/**
 * A container of one of the execution's replicas as the replicas list reports it
 * (GET .../jobs/{job}/executions/{execution}/replicas). Field names from the Container Apps
 * ReplicaContainer schema (name, ready, started, restartCount, runningState Running | Terminated |
 * Waiting, runningStateDetails such as "Container is waiting with reason: CrashLoopBackOff").
 */
export interface ReplicaContainerState {
  replica: string;
  container: string;
  runningState?: string;
  runningStateDetails?: string;
  restartCount?: number;
}

interface ReplicaList {
  value?: {
    name: string;
    properties?: { containers?: { name: string; runningState?: string; runningStateDetails?: string; restartCount?: number }[] };
  }[];
}

/** The containers of the execution's replicas with their states; empty once the replicas are gone. */
export async function readReplicaStates(arm: RestClient, ref: ExecutionRef): Promise<ReplicaContainerState[]> {
  const response = await arm.request<ReplicaList>({
    method: 'GET',
    path: `${executionPath(ref)}/replicas`,
    query: { 'api-version': LOG_STREAM_API_VERSION },
    what: `Reading the replica states of execution ${ref.executionName}`,
    allow: [404],
  });
  if (response.status === 404) return [];
  return (response.body?.value ?? []).flatMap((replica) =>
    (replica.properties?.containers ?? []).map((container) => ({
      replica: replica.name,
      container: container.name,
      runningState: container.runningState,
      runningStateDetails: container.runningStateDetails,
      restartCount: container.restartCount,
    })),
  );
}
