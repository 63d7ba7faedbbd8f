import rules

from governance.rules import has_any_role

rules.add_perm("training.access_area", has_any_role)
