// Help.swift - the help texts: short, with examples, saying what the defaults are.

enum Help {
    static let version = "0.1.0"

    static let main = """
        peregrine \(version) - Falco's CloudTrail threat detection, compiled

        Scans AWS CloudTrail logs with Falco-language rules that were compiled into this binary
        from the YAML files in rules/ (edit them and run 'swift build' to change what it detects).

        USAGE:
          peregrine scan [options] SOURCE...   scan CloudTrail log files and print alerts
          peregrine rules [--json]             list the compiled rules
          peregrine fields [-v] [-N]           list the fields rules can use
          peregrine --version

        EXAMPLES:
          peregrine scan ./AWSLogs/                       every .json / .json.gz below a directory
          peregrine scan --json trail.json.gz > alerts.jsonl
          gunzip -c file.json.gz | peregrine scan -       standard input
          peregrine scan --rule-matching first logs/      one alert per event, like Falco's default

        Run 'peregrine help scan' for the scan options and exit status.
        """

    static let scan = """
        USAGE: peregrine scan [options] SOURCE...

        SOURCE is a CloudTrail log file ({"Records":[...]}, plain or gzip-compressed), a directory
        (searched recursively for *.json and *.json.gz, in name order), or - for standard input.

        OPTIONS:
          --json                  one JSON object per alert, exactly as Falco's json_output prints it
                                  (hostname, output, output_fields, priority, rule, source, tags, time)
          --rule-matching MODE    all   (default) every matching rule alerts
                                  first only the first matching rule, in rule file order (Falco's default)
          --iso8601               start text alerts with the ISO 8601 time (Falco's time_format_iso_8601)
          --min-priority P        skip rules less severe than P (emergency ... debug; default debug)
          -j, --jobs N            scan N files at a time (default: every available core, at most 4
                                  per core); each file is read, decompressed and matched by one thread
          --ordered               print alerts in input order, exactly as --jobs 1 does (files that
                                  finish early wait for the ones before them)
          -o, --output DEST       where alerts go; repeat for several (default: stdout):
                                  stdout            standard output
                                  file:PATH         appended to PATH (created if missing); reopened
                                                    after SIGHUP, for logrotate
                                  program:COMMAND   piped to one long-lived 'sh -c COMMAND'; started
                                                    again (up to 5 times) if it exits early
                                  A destination that fails is reported and the others go on.
          --max-record-size SIZE  skip (and name) records larger than SIZE bytes; K, M, G for KiB,
                                  MiB, GiB (default 8M; CloudTrail's own limit is 256 KB). Memory
                                  stays under 16 MB + jobs x 3 x SIZE (jobs x 14 x SIZE when such
                                  records alert and print their large field)
          -q, --quiet             no summary line on stderr (lost alerts are always reported)
          -v, --verbose           name each file holding records Falco would drop (no RFC 3339
                                  eventTime or no string eventType), instead of one line for all
          -h, --help              this help

        OUTPUT:
          Alerts go to stdout, one line each, never interleaved. With several jobs, files finish in
          any order and so do their alerts; --ordered (or --jobs 1) gives input order. evt.num and
          evt.reltime always count over all inputs in input order, whatever --jobs is. Problems
          and the summary go to stderr. Text alerts start with the event's time in the local time
          zone (set TZ=UTC for UTC), like Falco. A file's first 10 bad records are named on stderr
          with their number and byte offset; the rest are counted in one line.
          Control characters in event text are escaped in text alerts, so a hostile string in a
          CloudTrail event cannot forge an alert line.

        EXIT STATUS:
          0  the scan finished, every input was read and every alert written
          1  the scan finished, but some input (a file or a record) could not be read (named on
             stderr with the reason; everything else was scanned and its alerts printed)
          2  usage error (nothing was scanned)
          3  alerts could not be written (disk full, output closed or failing): stderr says how
             many of the alerts found were not delivered
        """

    static let rules = """
        USAGE: peregrine rules [--json]

        Lists the rules compiled into this binary, in evaluation order: name, priority, whether it
        is enabled, and the YAML file:line it came from. --json prints one object per rule.
        """

    static let fields = """
        USAGE: peregrine fields [-v] [-N]

        Lists the fields that conditions and outputs can use on aws_cloudtrail events, grouped by
        class like 'falco --list=aws_cloudtrail'. -v adds each field's type, -N prints names only.
        """

    static func text(for topic: String?) -> String? {
        switch topic {
        case nil: main
        case "scan": scan
        case "rules": rules
        case "fields": fields
        default: nil
        }
    }
}
