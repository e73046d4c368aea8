# shape: wkgsh:Organization-primarySite
# focus: id:wco
# path: org:hasPrimarySite
# component: sh:ClassConstraintComponent
# severity: Violation
# why: the primary site given as the city instead of the headquarters site
DELETE { GRAPH ?g { id:wco ?p ?old } }
INSERT { GRAPH ?g { id:wco ?p id:brussels } }
WHERE {
  VALUES ?p { org:hasPrimarySite }
  GRAPH ?g { id:wco ?p ?old }
} ;
