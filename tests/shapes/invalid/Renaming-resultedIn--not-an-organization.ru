# shape: wkgsh:Renaming-resultedIn
# focus: id:wco-renaming-1994
# path: org:resultedIn
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a renaming that resulted in a name concept instead of an organization
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?old } }
INSERT { GRAPH ?g { id:wco-renaming-1994 ?p id:activity-cooperation } }
WHERE {
  VALUES ?p { org:resultedIn }
  GRAPH ?g { id:wco-renaming-1994 ?p ?old }
} ;
