// The served page's camera check (video-quality's cameraCheck) as a probe page's run(), so the
// runner can drive it in a real browser against the fake camera.
export { cameraCheck as run } from '../../../../probes/video-quality/page.js';
