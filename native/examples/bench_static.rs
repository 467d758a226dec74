//! Times reading and statically parsing many package.py files (paths one a line in a file).

use pyrer::static_parse::{parse_package_bytes, static_package_data_bytes};
use std::time::Instant;

fn main() {
    let list = std::fs::read_to_string(std::env::args().nth(1).expect("a file of paths")).unwrap();
    let paths: Vec<&str> = list.lines().collect();
    let t0 = Instant::now();
    let files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let read = t0.elapsed();
    let t0 = Instant::now();
    let parsed: Vec<_> = files.iter().map(|b| static_package_data_bytes(b)).collect();
    let parse = t0.elapsed();
    let t0 = Instant::now();
    let full: Vec<_> = files
        .iter()
        .map(|b| parse_package_bytes(b).static_package())
        .collect();
    let full_time = t0.elapsed();
    let differ = parsed.iter().zip(&full).filter(|(a, b)| a != b).count();
    println!(
        "full reader only: {:.1} ms; {differ} files read differently",
        full_time.as_secs_f64() * 1000.0
    );
    println!(
        "{} files: read {:.1} ms, parse {:.1} ms, None: {}",
        paths.len(),
        read.as_secs_f64() * 1000.0,
        parse.as_secs_f64() * 1000.0,
        parsed.iter().filter(|p| p.is_none()).count()
    );
}
