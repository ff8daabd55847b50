import { extraParts, messageUploads } from '../components/extra-parts.js';
import { FileTray } from './FileTray.js';
import { setFilesOf } from './files-of.js';
import { createFiles as createPart, type FilesOptions } from './files-part.js';
import { MessageUploads } from './MessageUploads.js';

export type { Files } from './files-part.js';
/**
 * The files chunk (drag and drop, paste, previews, uploads with progress and
 * cancel): loaded on the first drag, paste or attach, never on the first open.
 */
export { uploadFile } from './upload-file.js';
export { uploadFiles } from './upload-files.js';

/** The chat's files part, and its parts of the panel: the tray and the files in messages. */
export function createFiles(options: FilesOptions) {
  const files = createPart(options);
  setFilesOf(options.state, files);
  if (!extraParts.value.includes(FileTray)) extraParts.value = [...extraParts.value, FileTray];
  messageUploads.value = MessageUploads;
  return files;
}
