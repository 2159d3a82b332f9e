"""Who manages the systems connected to the API: the authority's administrator and its secretariat
(thường trực Hội đồng). The API's own requests carry no account: a client's token is checked by
`api.endpoint`, not by these rules."""

import rules

from thidua.orgs.rules import is_manager

rules.add_perm("api.manage_clients", is_manager)
