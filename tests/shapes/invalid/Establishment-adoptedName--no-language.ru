# shape: wkgsh:Establishment-adoptedName
# focus: id:wco-establishment
# path: wkg:adoptedName
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: the name taken written without its language
DELETE { GRAPH ?g { id:wco-establishment ?p ?old } }
INSERT { GRAPH ?g { id:wco-establishment ?p "Customs Co-operation Council" } }
WHERE {
  VALUES ?p { wkg:adoptedName }
  GRAPH ?g { id:wco-establishment ?p ?old }
} ;
