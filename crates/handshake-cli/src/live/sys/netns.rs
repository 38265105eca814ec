//! The private network namespace and the TUN device in it.
//!
//! The calling thread leaves the machine's network namespace for a new, empty one
//! (`unshare(CLONE_NEWNET)`, nix); the live loop runs on a thread of its own, so the namespace —
//! its TUN device, its sockets, everything the kernel's TCP does in it — disappears when that
//! thread ends, whatever happened. Nothing is routed out of it: it has no device but `lo` and
//! the TUN device, whose other end is this process.

use std::fs;
use std::io;
use std::net::Ipv4Addr;
use std::path::Path;

use nix::sched::{CloneFlags, unshare};
use tun_rs::{DeviceBuilder, SyncDevice};

use super::LiveError;

/// The TUN device's name inside the namespace.
pub const TUN_NAME: &str = "hslab0";

/// The sysctls that keep the kernel's segments plain, as in `../shared/reference/linux.md`: no
/// timestamps, SACK, window scaling or ECN (the model's `Segment` carries only the MSS option),
/// and no cached metrics from an earlier connection on the same path.
pub const PLAIN_SYSCTLS: [(&str, &str); 5] = [
    ("net/ipv4/tcp_timestamps", "0"),
    ("net/ipv4/tcp_sack", "0"),
    ("net/ipv4/tcp_window_scaling", "0"),
    ("net/ipv4/tcp_ecn", "0"),
    ("net/ipv4/tcp_no_metrics_save", "1"),
];

/// Defaults the differences depend on, read back and reported with each run.
pub const REPORTED_SYSCTLS: [&str; 7] = [
    "net/ipv4/tcp_syn_retries",
    "net/ipv4/tcp_synack_retries",
    "net/ipv4/tcp_syn_linear_timeouts",
    "net/ipv4/tcp_rto_min_us",
    "net/ipv4/tcp_fin_timeout",
    "net/ipv4/tcp_rfc1337",
    "net/ipv4/tcp_invalid_ratelimit",
];

/// Why this machine cannot run a live bridge, if it cannot: not Linux root, or no
/// `/dev/net/tun`. (Whether namespaces may be created is found out by trying.)
pub fn check_machine() -> Result<(), LiveError> {
    let euid = nix::unistd::geteuid();
    if !euid.is_root() {
        return Err(LiveError::Unavailable(format!(
            "not root (effective uid {euid}): a live run creates a network namespace and a TUN device"
        )));
    }
    if !Path::new("/dev/net/tun").exists() {
        return Err(LiveError::Unavailable(
            "no /dev/net/tun: the kernel has no TUN driver here (modprobe tun, or a container without the device)"
                .into(),
        ));
    }
    Ok(())
}

/// The size of the namespace's own TCP socket hash table (`tcp_child_ehash_entries`, Linux
/// 6.1+): a new namespace otherwise shares the machine's table, whose hundreds of thousands of
/// buckets every sock_diag dump walks (about 1 ms each time on this kind of machine); with its
/// own small table a dump takes microseconds.
const CHILD_EHASH_ENTRIES: &str = "256";

/// Moves the calling thread into a new network namespace and checks that it is empty.
///
/// Twice, in fact: the first namespace only sets `tcp_child_ehash_entries` for the namespaces
/// created from it (the machine's own setting is never touched), and the second, created from
/// it, is the one the run uses. The first is gone as soon as the thread has left it.
pub fn enter_private_namespace() -> Result<(), LiveError> {
    let new_namespace = || {
        unshare(CloneFlags::CLONE_NEWNET)
            .map_err(|e| LiveError::Unavailable(format!("cannot create a network namespace: {e}")))
    };
    new_namespace()?;
    let child_ehash = Path::new("/proc/sys/net/ipv4/tcp_child_ehash_entries");
    if child_ehash.exists() {
        write_sysctl("net/ipv4/tcp_child_ehash_entries", CHILD_EHASH_ENTRIES)?;
        new_namespace()?;
    }
    // /proc/thread-self/net is this thread's namespace (/sys/class/net would be the one sysfs
    // was mounted in).
    let devices = fs::read_to_string("/proc/thread-self/net/dev")
        .map_err(|e| LiveError::Failed(format!("cannot list the namespace's devices: {e}")))?;
    let names: Vec<&str> = devices
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    if names != ["lo"] {
        return Err(LiveError::Failed(format!(
            "the new network namespace is not empty (devices: {}); refusing to go on",
            names.join(", ")
        )));
    }
    Ok(())
}

/// Sets [`PLAIN_SYSCTLS`] and turns IPv6 off in the current namespace; returns the reported
/// settings as `name=value` lines.
pub fn configure() -> Result<Vec<String>, LiveError> {
    for (name, value) in PLAIN_SYSCTLS {
        write_sysctl(name, value)?;
    }
    // IPv6 off, so the TUN device gets no link-local address and sends no router solicitation.
    // A kernel built without IPv6 has no such files: nothing to turn off.
    for name in [
        "net/ipv6/conf/all/disable_ipv6",
        "net/ipv6/conf/default/disable_ipv6",
    ] {
        if Path::new("/proc/sys").join(name).exists() {
            write_sysctl(name, "1")?;
        }
    }
    let mut report: Vec<String> = PLAIN_SYSCTLS
        .iter()
        .map(|(n, _)| *n)
        .chain(REPORTED_SYSCTLS)
        .map(|name| {
            let value = fs::read_to_string(Path::new("/proc/sys").join(name))
                .map(|v| v.trim().to_owned())
                .unwrap_or_else(|_| "(absent)".into());
            format!("{}={value}", name.rsplit('/').next().unwrap_or(name))
        })
        .collect();
    if let Ok(release) = fs::read_to_string("/proc/sys/kernel/osrelease") {
        report.insert(0, format!("kernel={}", release.trim()));
    }
    Ok(report)
}

fn write_sysctl(name: &str, value: &str) -> Result<(), LiveError> {
    fs::write(Path::new("/proc/sys").join(name), value)
        .map_err(|e| LiveError::Failed(format!("cannot set {name} = {value}: {e}")))
}

/// The TUN device (no packet information header: each read is one IPv4 packet), up, with the
/// kernel's address on the /24 of both sides, non-blocking.
pub fn create_tun(kernel: Ipv4Addr) -> Result<SyncDevice, LiveError> {
    let dev = DeviceBuilder::new()
        .name(TUN_NAME)
        .ipv4(kernel, 24u8, None)
        .mtu(1500)
        .packet_information(false)
        .enable(true)
        .build_sync()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::PermissionDenied {
                LiveError::Unavailable(format!("cannot create a TUN device: {e}"))
            } else {
                LiveError::Failed(format!("cannot create the TUN device: {e}"))
            }
        })?;
    dev.set_nonblocking(true)
        .map_err(|e| LiveError::Failed(format!("TUN device: {e}")))?;
    Ok(dev)
}
