# shape: wkgsh:CustomsTerritory-memberKind
# focus: id:territory-fra
# path: wkg:memberKind
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a territory whose kind is not given
DELETE { GRAPH ?g { id:territory-fra ?p ?o } }
WHERE {
  VALUES ?p { wkg:memberKind dcterms:type }
  GRAPH ?g { id:territory-fra ?p ?o }
} ;
