import rules

from governance.rules import is_business_unit, is_executive_member, is_rapid_review_panel

# Case data is need-to-know: only the roles that must see it, all with two-factor sign-in.
rules.add_perm("reviews.access_area", is_business_unit | is_rapid_review_panel | is_executive_member)
