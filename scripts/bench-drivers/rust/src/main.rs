//! Side-by-side driver for the Rust thin client (crate katzenpost_thin_client 0.0.25).
//!
//! Runs one operation that kpclientd answers without the mixnet, against a running kpclientd, for a fixed
//! time after a warm-up, with --inflight calls in flight spread over --conns connections (one tokio task per
//! in-flight slot, each calling in a loop), and prints one line:
//!
//!   RESULT client=rust op=... conns=C inflight=N ops=... secs=... ops_s=... p50_us=... p99_us=... errors=...
use katzenpost_thin_client::{Config, ThinClient};
use rand::RngCore;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Args {
    config: String,
    op: String,
    conns: usize,
    inflight: usize,
    warmup: f64,
    duration: f64,
}

fn parse_args() -> Args {
    let mut a = Args {
        config: "/tmp/kpnet/client/thinclient.toml".into(),
        op: "next_message_box_index".into(),
        conns: 1,
        inflight: 1,
        warmup: 2.0,
        duration: 5.0,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i + 1 < v.len() {
        let val = v[i + 1].clone();
        match v[i].as_str() {
            "--config" => a.config = val,
            "--op" => a.op = val,
            "--conns" => a.conns = val.parse().expect("--conns"),
            "--inflight" => a.inflight = val.parse().expect("--inflight"),
            "--warmup" => a.warmup = val.parse().expect("--warmup"),
            "--duration" => a.duration = val.parse().expect("--duration"),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    a
}

fn cpu_now() -> f64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(ru.ru_utime) + t(ru.ru_stime)
}

fn report(a: &Args, conns: usize, inflight: usize, mut lat: Vec<u64>, errors: u64, cpu_secs: f64) {
    lat.sort_unstable();
    let q = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        let r = ((p * lat.len() as f64).ceil() as usize).clamp(1, lat.len());
        lat[r - 1] as f64 / 1e3
    };
    let cpu = if cpu_secs >= 0.0 && !lat.is_empty() { cpu_secs * 1e6 / lat.len() as f64 } else { -1.0 };
    println!(
        "RESULT client=rust op={} conns={} inflight={} ops={} secs={:.2} ops_s={:.1} p50_us={:.1} p99_us={:.1} errors={} cpu_us_per_op={:.1}",
        a.op, conns, inflight, lat.len(), a.duration, lat.len() as f64 / a.duration, q(0.5), q(0.99), errors, cpu
    );
}

async fn connect(path: &str) -> Arc<ThinClient> {
    let cfg = Config::new(path).expect("config");
    let c = ThinClient::new(cfg).await.expect("connect");
    // ThinClient::new returns before its worker has done the handshake (the crate's own tests sleep 2 s
    // here); a request sent before the session_token exchange can be lost and its caller then waits forever.
    tokio::time::sleep(Duration::from_millis(500)).await;
    c
}

#[tokio::main]
async fn main() {
    let a = Arc::new(parse_args());
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(a.warmup);
    let end = measure_from + Duration::from_secs_f64(a.duration);

    let setup = connect(&a.config).await;
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    let kp = setup.new_keypair(&seed).await.expect("new_keypair");
    let write_cap = Arc::new(kp.write_cap);
    let first = Arc::new(kp.first_message_index);

    if a.op == "connect" {
        println!("SKIP client=rust op=connect conns=1 inflight=1 reason=ThinClient::new-returns-before-the-handshake-and-offers-no-way-to-await-it");
        setup.stop().await;
        return;
    }

    let mut clients = vec![setup.clone()];
    for _ in 1..a.conns {
        clients.push(connect(&a.config).await);
    }
    let lat = Arc::new(Mutex::new(Vec::<u64>::new()));
    let errors = Arc::new(AtomicU64::new(0));
    // this process's CPU time during the measured window
    let cpu_task = tokio::spawn(async move {
        tokio::time::sleep_until(tokio::time::Instant::from_std(measure_from)).await;
        let c0 = cpu_now();
        tokio::time::sleep_until(tokio::time::Instant::from_std(end)).await;
        cpu_now() - c0
    });
    let mut tasks = Vec::new();
    for slot in 0..a.inflight {
        let c = clients[slot % clients.len()].clone();
        let (a, lat, errors, write_cap, first) =
            (a.clone(), lat.clone(), errors.clone(), write_cap.clone(), first.clone());
        tasks.push(tokio::spawn(async move {
            let plaintext = vec![0u8; 100];
            let mut mine = Vec::new();
            loop {
                let t0 = Instant::now();
                if t0 > end {
                    break;
                }
                let ok = match a.op.as_str() {
                    "new_keypair" => c.new_keypair(&seed).await.is_ok(),
                    "next_message_box_index" => c.next_message_box_index(&first).await.is_ok(),
                    "encrypt_write" => c.encrypt_write(&plaintext, &write_cap, &first).await.is_ok(),
                    "get_pki_document" => c.get_pki_document_raw(0).await.is_ok(),
                    other => panic!("unknown op {other}"),
                };
                let t1 = Instant::now();
                if t0 >= measure_from && t1 <= end {
                    if ok {
                        mine.push((t1 - t0).as_nanos() as u64);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            lat.lock().unwrap().extend(mine);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let lat = std::mem::take(&mut *lat.lock().unwrap());
    let cpu = cpu_task.await.unwrap_or(-1.0);
    report(&a, a.conns, a.inflight, lat, errors.load(Ordering::Relaxed), cpu);
    for c in clients {
        c.stop().await;
    }
}
