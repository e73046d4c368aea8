# shape: wkgsh:Site-siteOf
# focus: id:wco-headquarters
# path: org:siteOf
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one site claimed by two organizations
INSERT DATA { GRAPH graph:big-partner-profile {
  id:wco-headquarters org:siteOf id:university-of-victoria .
} } ;
