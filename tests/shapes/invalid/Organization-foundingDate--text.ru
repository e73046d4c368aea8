# shape: wkgsh:Organization-foundingDate
# focus: id:wco
# path: schema:foundingDate
# component: sh:OrConstraintComponent
# severity: Violation
# why: a founding date written as a plain string
DELETE { GRAPH ?g { id:wco ?p ?old } }
INSERT { GRAPH ?g { id:wco ?p "1952" } }
WHERE {
  VALUES ?p { schema:foundingDate }
  GRAPH ?g { id:wco ?p ?old }
} ;
