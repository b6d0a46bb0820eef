import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import { getJob } from './get-job.js';
import { jobPath } from './job-path.js';
import { CONTAINER_APPS_API_VERSION, type Job, type JobRef } from './job-types.js';
import { selectContainer } from './select-container.js';

export interface UpdateImageRequest {
  image: string;
  containerName?: string;
  timeoutMs?: number;
}

export interface UpdateImageResult {
  job: Job;
  containerName: string;
  previousImage: string;
  image: string;
  changed: boolean;
}

/**
 * Points one container of a job at a new image. Idempotent: the same image sends no PATCH. The PATCH
 * carries only properties.template.containers (a JSON merge patch), so secrets, registries and the
 * rest of the configuration are never rewritten from a GET that does not return secret values.
 */
export async function updateJobImage(arm: RestClient, ref: JobRef, request: UpdateImageRequest): Promise<UpdateImageResult> {
  const job = await getJob(arm, ref);
  const container = selectContainer(job, request.containerName);
  const previousImage = container.image ?? '';
  if (previousImage === request.image) {
    return { job, containerName: container.name, previousImage, image: request.image, changed: false };
  }
  const containers = (job.properties.template?.containers ?? []).map((each) => (each.name === container.name ? { ...each, image: request.image } : each));
  const initial = await arm.request<Job>({
    method: 'PATCH',
    path: jobPath(ref),
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    body: { properties: { template: { containers } } },
    what: `Updating the image of job ${ref.jobName}`,
  });
  const final = await waitForLongRunning(arm, initial, { what: `Updating the image of job ${ref.jobName}`, timeoutMs: request.timeoutMs ?? 10 * 60_000 });
  // The operation's last answer is the job (200 on the Location, as recorded in azure-powershell
  // src/App/App.Autorest/test/AzContainerAppJob.Recording.json), so it is read again only when the
  // operation ended without one (Azure-AsyncOperation, or 202 with no Location).
  const updated = final.status === 200 && final.body?.properties?.template ? final.body : await getJob(arm, ref);
  const now = selectContainer(updated, container.name).image ?? '';
  if (now !== request.image) {
    throw new Error(`Job '${ref.jobName}' still runs image '${now}' after the update to '${request.image}' finished. Another deployment may have changed it at the same time.`);
  }
  return { job: updated, containerName: container.name, previousImage, image: request.image, changed: true };
}
