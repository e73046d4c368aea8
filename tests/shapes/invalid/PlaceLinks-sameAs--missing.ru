# shape: wkgsh:PlaceLinks-sameAs
# focus: id:canada
# path: owl:sameAs
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a country without its Wikidata link
DELETE { GRAPH ?g { id:canada ?p ?o } }
WHERE {
  VALUES ?p { owl:sameAs }
  GRAPH ?g { id:canada ?p ?o }
} ;
