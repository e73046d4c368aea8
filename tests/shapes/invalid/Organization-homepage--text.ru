# shape: wkgsh:Organization-homepage
# focus: id:wco
# path: foaf:homepage
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a homepage written as a string instead of an IRI
DELETE { GRAPH ?g { id:wco ?p ?old } }
INSERT { GRAPH ?g { id:wco ?p "https://www.wcoomd.org/" } }
WHERE {
  VALUES ?p { foaf:homepage }
  GRAPH ?g { id:wco ?p ?old }
} ;
