export { CONTAINER_APPS_API_VERSION } from './job-types.js';
export type { Container, EnvironmentVariable, Job, JobRef, JobTemplate } from './job-types.js';
export { jobPath } from './job-path.js';
export { getJob, JobNotFoundError } from './get-job.js';
export { selectContainer } from './select-container.js';
export { updateJobImage } from './update-image.js';
export type { UpdateImageRequest, UpdateImageResult } from './update-image.js';
export { portalResourceLink } from './portal-links.js';
