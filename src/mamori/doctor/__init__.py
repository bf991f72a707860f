"""`mamori doctor`: checks a deployment and says how to fix what is wrong.

    from mamori.doctor import TlsSetup, run_checks

    report = run_checks(Settings(), tls=TlsSetup(behind_proxy=True))
    for check in report.checks:
        print(check.status, check.name, check.message, check.fix)

The checks: the policy loads, the keyring file is private (0600, this user), the key store is
apart from the register, migrations are current, the audit log verifies, the retention job ran
recently, TLS is configured. See docs/doctor.md.
"""

from mamori.doctor._checks import CheckResult, DoctorReport, TlsSetup, run_checks

__all__ = ["CheckResult", "DoctorReport", "TlsSetup", "run_checks"]
