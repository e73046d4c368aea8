# shape: wkgsh:Establishment-resultedIn
# focus: id:wco-establishment
# path: org:resultedIn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one establishment of two organizations
INSERT DATA { GRAPH graph:big-partner-profile {
  id:wco-establishment org:resultedIn id:university-of-victoria .
} } ;
