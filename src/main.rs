fn main() -> std::process::ExitCode {
    swarmc::run(std::env::args_os())
}
