// The two pieces of Python path handling that Scrapy's file naming runs URLs through: `posixpath.splitext`
// (inside `mimetypes.guess_type`) and `pathlib.PurePosixPath(...).name/.suffix` (in `file_path`; Scrapy
// writes `Path(...)`, which is a PosixPath on the POSIX hosts the reference runs used). Ported from
// CPython 3.11; pure string functions.

/**
 * `posixpath.splitext(p)`: the extension is everything from the last `.` of the last `/`-segment,
 * ignoring leading dots of that segment (`.bashrc` has none; `file.` has `.`).
 */
export function posixSplitext(p: string): [string, string] {
  const sepIndex = p.lastIndexOf('/');
  const dotIndex = p.lastIndexOf('.');
  if (dotIndex > sepIndex) {
    for (let i = sepIndex + 1; i < dotIndex; i++) {
      if (p[i] !== '.') return [p.slice(0, dotIndex), p.slice(dotIndex)];
    }
  }
  return [p, ''];
}

/**
 * `PurePosixPath(p).name`: the last component after splitting on `/`, skipping empty and `.`
 * components (so a trailing slash is ignored and `a/.` names `a`); `` for a bare root or empty path.
 * `..` is kept as a component, as pathlib does.
 */
export function purePosixName(p: string): string {
  const parts = p.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part && part !== '.') return part;
  }
  return '';
}

/**
 * `PurePosixPath(p).suffix`: from the last `.` of the name, unless that dot is the first or the last
 * character (`.htaccess` → ``, `file.` → ``, `archive.tar.gz` → `.gz`).
 */
export function purePosixSuffix(p: string): string {
  const name = purePosixName(p);
  const i = name.lastIndexOf('.');
  return i > 0 && i < name.length - 1 ? name.slice(i) : '';
}
