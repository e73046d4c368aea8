# shape: wkgsh:Establishment-adoptedName
# focus: id:wco-establishment
# path: wkg:adoptedName
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an establishment without the name taken
DELETE { GRAPH ?g { id:wco-establishment ?p ?o } }
WHERE {
  VALUES ?p { wkg:adoptedName }
  GRAPH ?g { id:wco-establishment ?p ?o }
} ;
