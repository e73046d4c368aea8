# shape: wkgsh:Site-siteOf
# focus: id:wco-headquarters
# path: org:siteOf
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a site of a city instead of an organization
DELETE { GRAPH ?g { id:wco-headquarters ?p ?old } }
INSERT { GRAPH ?g { id:wco-headquarters ?p id:brussels } }
WHERE {
  VALUES ?p { org:siteOf }
  GRAPH ?g { id:wco-headquarters ?p ?old }
} ;
