# shape: wkgsh:CityCountry-containedInPlace
# focus: id:brussels
# path: schema:containedInPlace
# component: sh:MinCountConstraintComponent
# severity: Warning
# why: a city that does not say which country it is in
DELETE { GRAPH ?g { id:brussels ?p ?o } }
WHERE {
  VALUES ?p { schema:containedInPlace }
  GRAPH ?g { id:brussels ?p ?o }
} ;
