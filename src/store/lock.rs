//! One exclusive lock per store, held across each read-modify-write, so that two certwiz
//! processes running at once never lose each other's writes.
//!
//! The lock is an OS file lock (`flock` on Unix) on a lock file that is never deleted: deleting it
//! would let a second process lock a fresh file while the first still holds the old one. The OS
//! drops the lock when its holder exits, even when killed, so a crash never leaves it stuck.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::atomic::{FILE_MODE, ensure_dir};
use super::error::StoreError;

/// How long an operation waits for another certwiz to finish before giving up. Holders keep the
/// lock for a few milliseconds, so reaching this means something is wrong.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// The lock of one store, by the path of its lock file.
#[derive(Debug, Clone)]
pub struct StoreLock {
    path: PathBuf,
    wait: Duration,
}

/// Holds a [`StoreLock`] until dropped.
#[derive(Debug)]
pub struct LockGuard {
    // Closing the file releases the lock.
    _file: File,
}

impl StoreLock {
    /// A lock on `path`, which is created (0600) on first use.
    pub fn new(path: PathBuf) -> Self {
        StoreLock {
            path,
            wait: DEFAULT_WAIT,
        }
    }

    /// The same lock with another bound on the wait.
    pub fn with_wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the lock, waiting at most the configured time for another holder to let go.
    pub fn acquire(&self) -> Result<LockGuard, StoreError> {
        if let Some(dir) = self.path.parent() {
            ensure_dir(dir)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(FILE_MODE)
            .open(&self.path)
            .map_err(|e| StoreError::io("open the lock file", &self.path, e))?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(LockGuard { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => {
                    return Err(StoreError::io("lock", &self.path, e));
                }
            }
            let waited = start.elapsed();
            if waited >= self.wait {
                return Err(StoreError::Busy {
                    path: self.path.clone(),
                    waited,
                });
            }
            // Polling, because a blocking lock cannot be given up after a deadline. The jitter
            // keeps waiting processes from retrying in step.
            let jitter = Duration::from_micros(fastrand::u64(0..=pause.as_micros() as u64));
            std::thread::sleep((pause + jitter).min(self.wait - waited));
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = StoreLock::new(tmp.path().join("x/.lock")).with_wait(Duration::from_millis(50));
        let held = lock.acquire().unwrap();
        // A second open of the file is a separate lock, as in another process.
        let err = lock.acquire().unwrap_err();
        assert!(matches!(err, StoreError::Busy { .. }), "{err}");
        assert!(err.to_string().contains(".lock"), "{err}");
        drop(held);
        lock.acquire().unwrap();
    }

    #[test]
    fn a_waiting_holder_gets_the_lock_once_released() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = StoreLock::new(tmp.path().join(".lock"));
        let held = lock.acquire().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let other = lock.clone();
        let waiter = std::thread::spawn(move || {
            tx.send(()).unwrap();
            other.acquire().map(drop)
        });
        rx.recv().unwrap();
        drop(held);
        waiter.join().unwrap().unwrap();
    }
}
