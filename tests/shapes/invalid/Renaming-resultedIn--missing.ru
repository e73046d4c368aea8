# shape: wkgsh:Renaming-resultedIn
# focus: id:wco-renaming-1994
# path: org:resultedIn
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a renaming that does not say what it resulted in
DELETE { GRAPH ?g { id:wco-renaming-1994 ?p ?o } }
WHERE {
  VALUES ?p { org:resultedIn }
  GRAPH ?g { id:wco-renaming-1994 ?p ?o }
} ;
