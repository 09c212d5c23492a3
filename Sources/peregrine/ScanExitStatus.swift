// ScanExitStatus.swift - what `peregrine scan`'s exit status tells a script.
import Runtime

/// 0: everything was read and every alert written. 1: the scan finished, but some input (a file or
/// a record) could not be read. 2: usage error (nothing scanned). 3: alerts were found that could
/// not be written (output full, closed or failing): the most serious, since detections were lost.
enum ScanExitStatus {
    static let ok: Int32 = 0
    static let inputErrors: Int32 = 1
    static let usage: Int32 = 2
    static let alertsNotDelivered: Int32 = 3

    static func of(_ summary: ScanSummary) -> Int32 {
        if summary.outputError != nil || summary.alertsNotDelivered > 0 { return alertsNotDelivered }
        if summary.inputErrors > 0 || summary.recordErrors > 0 { return inputErrors }
        return ok
    }
}
