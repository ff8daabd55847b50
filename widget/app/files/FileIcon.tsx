/** A sheet with a folded corner: a file that is not an image (decorative; its name is beside it). */
export function FileIcon() {
  return (
    <svg class="icon file-icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5" />
    </svg>
  );
}
