# Schemathesis hook for the API fuzzing drill: fails any 2xx answer that the access table
# (test/support/access-policy.ts, written to PATHWAYS_ACCESS_POLICY as JSON) forbids for the
# role of the key in use (PATHWAYS_ROLE), and any operation the table has no decision for.
import json
import os

import schemathesis

with open(os.environ["PATHWAYS_ACCESS_POLICY"], encoding="utf-8") as policy_file:
    POLICY = json.load(policy_file)
ROLE = os.environ["PATHWAYS_ROLE"]


@schemathesis.check
def role_access(ctx, response, case):
    """A role gets a 2xx only where the access table allows it."""
    key = f"{case.operation.method.lower()} {case.operation.path}"
    # Schemathesis also probes methods the operation does not have (OPTIONS, TRACE…): those
    # are not the operation, and their answers (an Allow header, a CORS preflight) hold no data.
    sent = str(getattr(response.request, "method", "") or "").lower()
    if sent and sent != case.operation.method.lower():
        return None
    if key not in POLICY:
        raise AssertionError(f"the access table has no decision for {key}")
    allowed = POLICY[key]
    if allowed == "public" or ROLE in allowed:
        return None
    if 200 <= response.status_code < 300:
        raise AssertionError(f"{ROLE} got {response.status_code} from {key}, which the access table forbids")
    return None
