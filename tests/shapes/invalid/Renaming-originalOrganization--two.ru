# shape: wkgsh:Renaming-originalOrganization
# focus: id:wco-renaming-1994
# path: org:originalOrganization
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one renaming of two organizations
INSERT DATA { GRAPH graph:ccc-history {
  id:wco-renaming-1994 org:originalOrganization id:university-of-victoria .
} } ;
