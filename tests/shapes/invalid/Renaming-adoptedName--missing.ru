# shape: wkgsh:Renaming-adoptedName
# focus: id:wco-renaming-1994
# path: wkg:adoptedName
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a renaming without the new name
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?o } }
WHERE {
  VALUES ?p { wkg:adoptedName }
  GRAPH ?g { id:wco-renaming-1994 ?p ?o }
} ;
