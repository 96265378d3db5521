//! Writing files so that a crash never leaves a half-written one: a temporary file in the same
//! folder, written, flushed and synced, then renamed over the old one, then the folder synced.
//! Files are created 0600 and folders 0700, because they hold personal data.

use std::fs::{self, DirBuilder, File, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use serde::Serialize;

use super::error::StoreError;

/// The mode of every file the store writes: readable and writable by the owner only.
pub const FILE_MODE: u32 = 0o600;
/// The mode of every folder the store creates.
pub const DIR_MODE: u32 = 0o700;

/// Creates a folder (and its missing parents) as 0700, and takes group and other access away
/// from it if it already exists with more.
pub fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|e| StoreError::io("create the folder", dir, e))?;
    let mode = fs::metadata(dir)
        .map_err(|e| StoreError::io("read the folder", dir, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(dir, Permissions::from_mode(DIR_MODE))
            .map_err(|e| StoreError::io("restrict the folder", dir, e))?;
    }
    Ok(())
}

/// Writes `value` as pretty JSON (with a final newline), atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    write_json_with(path, value, |_| Ok(()))
}

/// [`write_json`] with a hook that runs between the write and the rename (see [`write_with`]).
pub fn write_json_with<T: Serialize>(
    path: &Path,
    value: &T,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(StoreError::Encode)?;
    bytes.push(b'\n');
    write_with(path, &bytes, before_rename)
}

/// Replaces `path` with `bytes` atomically: readers see the old file or the new one, never a mix.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_with(path, bytes, |_| Ok(()))
}

/// [`write()`] with a hook that runs once the temporary file (whose path it gets) is written and
/// synced, just before the rename. An error from the hook abandons the write and leaves the old
/// file as it was; tests use it to stand for a crash at the worst moment.
pub fn write_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    write_by(path, |file| file.write_all(bytes), before_rename)
}

/// Replaces `path` with `value`'s JSON, whole (a reader sees the old text or the new, never
/// half of it), through a buffer (unbuffered, serde_json makes a system call per token), but
/// without syncing: a power cut may lose the last change. For the embedded sandbox's fiction,
/// rewritten at every order it takes; certwiz's own files go through [`write_json_streamed`].
pub fn replace_json_unsynced<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let mut out = io::BufWriter::new(tempfile::NamedTempFile::new_in(parent(path))?);
    serde_json::to_writer_pretty(&mut out, value)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// [`write_json`] serialised straight into the temporary file through a small buffer, never
/// holding the whole text: for the journal of a thousand orders, whose text is a megabyte.
pub fn write_json_streamed<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    let text = |file: &mut File| {
        let mut out = io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut out, value).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    write_by(path, text, |_| Ok(()))
}

/// Writes a temporary file beside `path` with `fill`, syncs it, runs `before_rename`, then
/// renames it over `path`.
fn write_by(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    let dir = parent(path);
    ensure_dir(dir)?;
    let fail = |e| StoreError::io("write", path, e);
    // A leading dot and a `.tmp` ending keep a crash's leftover out of every listing.
    let mut temp = tempfile::Builder::new()
        .prefix(".certwiz-")
        .suffix(".tmp")
        .permissions(Permissions::from_mode(FILE_MODE))
        .tempfile_in(dir)
        .map_err(fail)?;
    fill(temp.as_file_mut()).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    before_rename(temp.path()).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    sync_dir(dir)
}

/// Makes a rename or removal in `dir` durable.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io("sync the folder", dir, e))
}

/// Removes a file and makes the removal durable; a file that is already gone is no error.
pub fn remove(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => sync_dir(parent(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io("remove", path, e)),
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_replace_whole_files_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/file.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(mode(&path), FILE_MODE);
        assert_eq!(mode(&tmp.path().join("a")), DIR_MODE);
        assert_eq!(mode(&tmp.path().join("a/b")), DIR_MODE);
        let names: Vec<_> = fs::read_dir(tmp.path().join("a/b")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("file.json");
        write(&path, b"old").unwrap();
        let mut seen = None;
        let err = write_with(&path, b"new", |temp| {
            seen = Some(fs::read(temp)?);
            Err(io::Error::other("simulated crash"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("simulated crash"), "{err}");
        assert_eq!(
            seen.as_deref(),
            Some(&b"new"[..]),
            "the new bytes were written"
        );
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn existing_open_folders_are_restricted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("open");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, Permissions::from_mode(0o755)).unwrap();
        ensure_dir(&dir).unwrap();
        assert_eq!(mode(&dir), DIR_MODE);
    }

    #[test]
    fn removing_a_missing_file_is_fine() {
        let tmp = tempfile::tempdir().unwrap();
        remove(&tmp.path().join("nothing.json")).unwrap();
    }
}
