//! Durations, byte sizes and CPU counts: the parsers and the readers.

use super::super::units::{UnitError, parse_duration, parse_size};
use super::{lower_service, service_ok};

const SECOND: u64 = 1_000_000_000;

#[test]
fn durations_follow_go_syntax_plus_days_and_weeks() {
    assert_eq!(parse_duration("30s"), Ok(30 * SECOND));
    assert_eq!(parse_duration("1m30s"), Ok(90 * SECOND));
    assert_eq!(parse_duration("1.5h"), Ok(5400 * SECOND));
    assert_eq!(parse_duration(".5s"), Ok(SECOND / 2));
    assert_eq!(parse_duration("1.s"), Ok(SECOND));
    assert_eq!(parse_duration("500ms"), Ok(SECOND / 2));
    assert_eq!(parse_duration("10us"), Ok(10_000));
    assert_eq!(parse_duration("10\u{b5}s"), Ok(10_000));
    assert_eq!(parse_duration("3ns"), Ok(3));
    assert_eq!(parse_duration("1d"), Ok(86_400 * SECOND));
    assert_eq!(parse_duration("2w"), Ok(14 * 86_400 * SECOND));
    assert_eq!(parse_duration("1h0m0s"), Ok(3600 * SECOND));
    assert_eq!(parse_duration("0"), Ok(0));
    assert_eq!(parse_duration("+0"), Ok(0));
    assert_eq!(parse_duration("-0s"), Ok(0));
}

#[test]
fn bad_durations_say_why() {
    assert_eq!(parse_duration(""), Err(UnitError::Empty));
    assert_eq!(parse_duration("10"), Err(UnitError::MissingUnit));
    assert_eq!(parse_duration("1m30"), Err(UnitError::MissingUnit));
    assert_eq!(
        parse_duration("10sec"),
        Err(UnitError::UnknownUnit("sec".to_owned()))
    );
    assert_eq!(parse_duration("s"), Err(UnitError::Malformed));
    assert_eq!(parse_duration("."), Err(UnitError::Malformed));
    assert_eq!(parse_duration("-"), Err(UnitError::Malformed));
    assert_eq!(
        parse_duration("1 s"),
        Err(UnitError::UnknownUnit(" s".to_owned()))
    );
    assert_eq!(parse_duration("-5s"), Err(UnitError::Negative));
    assert_eq!(parse_duration("300000000h"), Err(UnitError::TooLarge));
    assert_eq!(
        parse_duration("99999999999999999999999999999999999999999s"),
        Err(UnitError::TooLarge)
    );
}

#[test]
fn sizes_follow_docker_units() {
    assert_eq!(parse_size("512"), Ok(512));
    assert_eq!(parse_size("512b"), Ok(512));
    assert_eq!(parse_size("1k"), Ok(1024));
    assert_eq!(parse_size("512m"), Ok(512 << 20));
    assert_eq!(parse_size("512M"), Ok(512 << 20));
    assert_eq!(parse_size("1gb"), Ok(1 << 30));
    assert_eq!(parse_size("1GiB"), Ok(1 << 30));
    assert_eq!(parse_size("1.5g"), Ok(3 << 29));
    assert_eq!(parse_size("2 MB"), Ok(2 << 20));
    assert_eq!(parse_size("1t"), Ok(1 << 40));
    assert_eq!(parse_size("1p"), Ok(1 << 50));
    assert_eq!(parse_size("lots"), Err(UnitError::Malformed));
    assert_eq!(
        parse_size("1x"),
        Err(UnitError::UnknownUnit("x".to_owned()))
    );
    assert_eq!(
        parse_size("1mi"),
        Err(UnitError::UnknownUnit("mi".to_owned()))
    );
    assert_eq!(
        parse_size("1kbb"),
        Err(UnitError::UnknownUnit("kbb".to_owned()))
    );
    assert_eq!(parse_size("1.2.3m"), Err(UnitError::Malformed));
    assert_eq!(parse_size("-1m"), Err(UnitError::Negative));
    assert_eq!(parse_size("99999p"), Err(UnitError::TooLarge));
    assert_eq!(parse_size(""), Err(UnitError::Empty));
}

#[test]
fn quantities_keep_text_and_value() {
    let service = service_ok(
        "    stop_grace_period: 1m30s\n    shm_size: 256m\n    mem_limit: 1073741824\n    cpus: 0.50\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n          memory: 1gb\n",
    );
    let grace = service.stop_grace_period.unwrap();
    assert_eq!(
        (grace.value.text.as_str(), grace.value.nanos),
        ("1m30s", 90 * SECOND)
    );
    assert_eq!(grace.value.as_std(), std::time::Duration::from_secs(90));
    let shm = service.shm_size.unwrap();
    assert_eq!(
        (shm.value.text.as_str(), shm.value.bytes),
        ("256m", 256 << 20)
    );
    assert_eq!(service.mem_limit.unwrap().value.bytes, 1 << 30);
    let cpus = service.cpus.unwrap();
    assert_eq!((cpus.value.text.as_str(), cpus.value.value), ("0.50", 0.5));
    let limits = service.deploy.unwrap().resources.unwrap().limits.unwrap();
    assert_eq!(limits.cpus.unwrap().value.value, 0.5);
    assert_eq!(limits.memory.unwrap().value.bytes, 1 << 30);
}

#[test]
fn bad_quantities_are_reported_at_the_value() {
    let lowered = lower_service(
        "    stop_grace_period: 10\n    shm_size: lots\n    cpus: -1\n    mem_limit: [1]\n    healthcheck:\n      interval: 1m30x\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "10"),
            ("SW112", "lots"),
            ("SW112", "-1"),
            ("SW111", "[1]"),
            ("SW112", "1m30x"),
        ]
    );
    assert_eq!(
        lowered.messages()[0],
        "invalid duration `10` for `stop_grace_period`: a unit is missing"
    );
    assert_eq!(
        lowered.diagnostics[0].help.as_deref(),
        Some("add a unit, such as `10s`")
    );
    assert_eq!(
        lowered.messages()[4],
        "invalid duration `1m30x` for `interval`: unknown unit `x`"
    );
}

#[test]
fn realtime_cpu_periods_take_microseconds_or_durations() {
    let service = service_ok("    cpu_rt_period: 1000\n    cpu_rt_runtime: 950ms\n");
    assert_eq!(service.cpu_rt_period.unwrap().value, 1000);
    assert_eq!(service.cpu_rt_runtime.unwrap().value, 950_000);
}
