# shape: wkgsh:Renaming-resultedIn
# focus: id:wco-renaming-1994
# path: org:resultedIn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a renaming that resulted in two organizations
INSERT DATA { GRAPH graph:ccc-history {
  id:wco-renaming-1994 org:resultedIn id:university-of-victoria .
} } ;
