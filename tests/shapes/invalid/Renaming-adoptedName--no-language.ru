# shape: wkgsh:Renaming-adoptedName
# focus: id:wco-renaming-1994
# path: wkg:adoptedName
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: the new name written without its language
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?old } }
INSERT { GRAPH ?g { id:wco-renaming-1994 ?p "World Customs Organization" } }
WHERE {
  VALUES ?p { wkg:adoptedName }
  GRAPH ?g { id:wco-renaming-1994 ?p ?old }
} ;
