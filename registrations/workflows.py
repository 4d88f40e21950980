"""The registration workflows as readable data (the project's design notes, convention 2), enforced by accounts.workflow.transition()."""

from accounts.roles import Role
from accounts.workflow import Workflow

COMMUNE = (Role.COMMUNE_OFFICER, Role.ADMIN)
OFFICE = (Role.AGRICULTURE_OFFICE, Role.ADMIN)
PRODUCER = (Role.PRODUCER,)

REGISTRATION_WORKFLOW = Workflow(
    name="registration",
    transitions={
        "draft": {"submitted": COMMUNE},
        "returned": {"submitted": COMMUNE},
        "submitted": {"accepted": OFFICE, "returned": OFFICE, "rejected": OFFICE},
        "accepted": {"forwarded": OFFICE},
        # A producer's own dossier (issue 15): sent to the commune, which takes it into its list
        # (a commune draft from then on) or returns it with a reason.
        "p_draft": {"p_sent": PRODUCER},
        "p_returned": {"p_sent": PRODUCER},
        "p_sent": {"draft": COMMUNE, "p_returned": COMMUNE},
    },
)

# A registration the district received outside the portal (a paper list imported from Excel):
# used by registration_create(received=True) only, so the review pages never offer draft → accepted.
RECEIVED_WORKFLOW = Workflow(
    name="registration",
    transitions={"draft": {"accepted": OFFICE}},
)

COMMUNE_LIST_WORKFLOW = Workflow(
    name="commune_list",
    transitions={
        "draft": {"submitted": COMMUNE},
        "returned": {"submitted": COMMUNE},
        "submitted": {"returned": OFFICE, "received": OFFICE},
        "received": {"returned": OFFICE},
    },
)
