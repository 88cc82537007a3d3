"""emulator package of the Coat Tail Capital platform."""

#: AWS services the review reads that the emulator (moto 5.2.5) does not implement at all: a scan
#: of the emulator shows each as *not assessed* (its checks UNKNOWN), never as passing or failing.
UNSUPPORTED_SERVICES: dict[str, str] = {
    "accessanalyzer": "moto has no IAM Access Analyzer (every call answers HTTP 500)",
}
