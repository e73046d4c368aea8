# shape: wkgsh:Site-address
# focus: id:wco-headquarters
# path: org:siteAddress
# component: sh:ClassConstraintComponent
# severity: Violation
# why: the site's address given as the city
DELETE { GRAPH ?g { id:wco-headquarters ?p ?old } }
INSERT { GRAPH ?g { id:wco-headquarters ?p id:brussels } }
WHERE {
  VALUES ?p { org:siteAddress }
  GRAPH ?g { id:wco-headquarters ?p ?old }
} ;
